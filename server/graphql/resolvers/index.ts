import { AuditResolver } from './audit.resolver.js';
import { NoticeResolver } from './notice.resolver.js';
import { ActionPointResolver, PendingCaseResolver, PlanResolver } from './cycle.resolver.js';
import { DocumentResolver } from './document.resolver.js';
import { LinkResolver } from './link.resolver.js';
import { AgendaItemResolver } from './agenda-item.resolver.js';
import { AttachmentResolver } from './attachment.resolver.js';
import { AttendanceResolver } from './attendance.resolver.js';
import { DecisionResolver } from './decision.resolver.js';
import { MeetingResolver } from './meeting.resolver.js';
import { BodyResolver, MembershipResolver, PersonResolver } from './people.resolver.js';
import { DisqualificationResolver, ItemReferenceResolver, ProtocolEntryResolver } from './records.resolver.js';
import { SearchResolver } from './search.resolver.js';
import { SubItemResolver } from './sub-item.resolver.js';
import { SubscriptionResolver } from './subscription.resolver.js';
import { MinutesVersionResolver } from './version.resolver.js';
import { RoleGrantResolver, ViewerResolver } from './viewer.resolver.js';

export const resolvers = [
  MeetingResolver,
  AgendaItemResolver,
  SubItemResolver,
  DecisionResolver,
  AttendanceResolver,
  AttachmentResolver,
  PersonResolver,
  MembershipResolver,
  BodyResolver,
  DisqualificationResolver,
  ProtocolEntryResolver,
  ItemReferenceResolver,
  MinutesVersionResolver,
  AuditResolver,
  DocumentResolver,
  SubscriptionResolver,
  ViewerResolver,
  RoleGrantResolver,
  SearchResolver,
  PlanResolver,
  PendingCaseResolver,
  ActionPointResolver,
  NoticeResolver,
  LinkResolver,
] as const;
