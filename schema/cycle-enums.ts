import { registerEnumType } from 'type-graphql';

/** Where a standing item goes on a new meeting's agenda: before or after the saker. */
export enum StandingItemPlacement {
  START = 'START',
  END = 'END',
}
registerEnumType(StandingItemPlacement, { name: 'StandingItemPlacement', description: 'Standing items open or close the agenda' });

/** A sak registered before any meeting: waiting for an agenda, or placed on one. */
export enum PendingCaseStatus {
  WAITING = 'WAITING',
  PLACED = 'PLACED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(PendingCaseStatus, { name: 'PendingCaseStatus', description: 'venter på møte → satt på dagsorden (or trukket)' });

/** Follow-up (oppfølging) of an action point of a vedtak. */
export enum ActionPointStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
}
registerEnumType(ActionPointStatus, { name: 'ActionPointStatus', description: 'ikke påbegynt → under arbeid → utført' });

/** Delivery of one innkalling message to one recipient. */
export enum DeliveryStatus {
  PENDING = 'PENDING',
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  OUTBOX = 'OUTBOX',
}
registerEnumType(DeliveryStatus, {
  name: 'DeliveryStatus',
  description: 'PENDING (not tried yet), SENDING (handed to the SMTP server now), SENT (accepted by the SMTP server), FAILED (will be retried), OUTBOX (no SMTP configured: kept for the secretariat)',
});
