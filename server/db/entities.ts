import * as model from '../../schema/entities/index.js';

/** Every entity and embeddable MikroORM manages. */
export const entities = [
  model.Organisation,
  model.Body,
  model.Person,
  model.Membership,
  model.Meeting,
  model.AgendaItem,
  model.SubItem,
  model.Attachment,
  model.Attendance,
  model.Disqualification,
  model.ProtocolEntry,
  model.ItemReference,
  model.DocumentUpdate,
  model.DocumentSnapshot,
  model.MinutesVersion,
  model.User,
  model.RoleGrant,
  model.AuditEntry,
  model.Decision,
  model.ProposedDecision,
  model.MeetingTemplate,
  model.PendingCase,
  model.ActionPoint,
  model.ActionPointComment,
];
