import { registerEnumType } from 'type-graphql';

/** Lifecycle of a meeting: planlagt → innkalling sendt → avholdt → referat godkjent. */
export enum MeetingStatus {
  PLANNED = 'PLANNED',
  NOTICE_SENT = 'NOTICE_SENT',
  HELD = 'HELD',
  MINUTES_APPROVED = 'MINUTES_APPROVED',
}
registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  description: 'planned → notice sent (innkalling sendt) → held (avholdt) → minutes approved (referat godkjent)',
});

export enum BodyKind {
  EXECUTIVE_GROUP = 'EXECUTIVE_GROUP',
  STEERING_GROUP = 'STEERING_GROUP',
  GENERAL_ASSEMBLY = 'GENERAL_ASSEMBLY',
  OTHER = 'OTHER',
}
registerEnumType(BodyKind, { name: 'BodyKind', description: 'Rådmannsgruppe, styringsgruppe, generalforsamling or other' });

export enum MembershipRole {
  MEMBER = 'MEMBER',
  LEADER = 'LEADER',
  DEPUTY = 'DEPUTY',
  SECRETARIAT = 'SECRETARIAT',
}
registerEnumType(MembershipRole, { name: 'MembershipRole', description: 'medlem, leder, vara, sekretariat' });

/** eInnsyn's møtesak types, reduced to what an inter-municipal body uses. */
export enum AgendaItemKind {
  DECISION = 'DECISION',
  MINUTES_APPROVAL = 'MINUTES_APPROVAL',
  ORIENTATION = 'ORIENTATION',
  DISCUSSION = 'DISCUSSION',
  ANY_OTHER_BUSINESS = 'ANY_OTHER_BUSINESS',
}
registerEnumType(AgendaItemKind, {
  name: 'AgendaItemKind',
  description: 'vedtakssak, godkjenning av referat, orienteringssak, drøftingssak, eventuelt',
});

export enum AttendanceStatus {
  PRESENT = 'PRESENT',
  ABSENT_WITH_NOTICE = 'ABSENT_WITH_NOTICE',
  ABSENT = 'ABSENT',
}
registerEnumType(AttendanceStatus, { name: 'AttendanceStatus', description: 'til stede, forfall, ikke møtt' });

export enum AttendanceRole {
  MEMBER = 'MEMBER',
  SUBSTITUTE = 'SUBSTITUTE',
  SECRETARIAT = 'SECRETARIAT',
  GUEST = 'GUEST',
}
registerEnumType(AttendanceRole, { name: 'AttendanceRole', description: 'medlem, vara (møter for et medlem), sekretariatet, gjest' });

export enum VoteOutcome {
  UNANIMOUS = 'UNANIMOUS',
  MAJORITY = 'MAJORITY',
  CASTING_VOTE = 'CASTING_VOTE',
  REJECTED = 'REJECTED',
}
registerEnumType(VoteOutcome, {
  name: 'VoteOutcome',
  description: 'enstemmig, flertall, avgjort ved møteleders dobbeltstemme, forkastet',
});

export enum ReferenceKind {
  MEETING = 'MEETING',
  AGENDA_ITEM = 'AGENDA_ITEM',
  EXTERNAL = 'EXTERNAL',
}
registerEnumType(ReferenceKind, { name: 'ReferenceKind', description: 'What an agenda item refers to (jf. …)' });

/** A text field of the referat: the part of an item or sub-item a secretary writes in the meeting. */
export enum MinutesField {
  NOTES = 'NOTES',
  DECISION = 'DECISION',
}
registerEnumType(MinutesField, { name: 'MinutesField', description: 'notes (referat) or decision (vedtak)' });

/** Why a named version of the referat was taken. */
export enum VersionReason {
  NOTICE_SENT = 'NOTICE_SENT',
  SENT_FOR_APPROVAL = 'SENT_FOR_APPROVAL',
  APPROVED = 'APPROVED',
  MANUAL = 'MANUAL',
}
registerEnumType(VersionReason, { name: 'VersionReason', description: 'innkalling sendt, sendt til godkjenning, godkjent, manuelt' });

/** A user's role in one body. Admins are users with isAdmin. */
export enum BodyRole {
  SECRETARY = 'SECRETARY',
  MEMBER = 'MEMBER',
}
registerEnumType(BodyRole, {
  name: 'BodyRole',
  description: 'SECRETARY (sekretariatet: writes agenda, attendance, referat; approves) or MEMBER (reads everything of the body)',
});
