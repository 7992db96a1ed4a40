/**
 * The mutations of the meeting cycle (issue 16), whose authorisation test/security/cycle-authorization.test.ts covers.
 * The main matrix's completeness check ("lists every mutation of schema/schema.graphql") can add these.
 */
export const CYCLE_MUTATIONS = [
  'addActionPoint',
  'cancelMeeting',
  'createMeetingSeries',
  'moveMeeting',
  'placePendingCase',
  'registerPendingCase',
  'replyAbsence',
  'retryNoticeDeliveries',
  'setMeetingTemplate',
  'updateActionPoint',
  'withdrawPendingCase',
] as const;
