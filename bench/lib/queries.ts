/** GraphQL operations the bench sends to motebok. */

/** P4: the nested meeting query (the meeting with its body, attendance and agenda, decisions and sub-items). */
export const MEETING_QUERY = /* GraphQL */ `
  query Meeting($id: ID!) {
    meeting(id: $id) {
      id title status startsAt endsAt location year
      body { id slug name }
      attendance { id role status municipality person { id name municipality } substituteFor { id name } }
      agendaItems {
        id number title kind public
        proposedDecision { text }
        decision { text adoptedAt voteOutcome }
        attachments { id number title }
        subItems { id letter title proposedDecision { text } decision { text } }
      }
    }
  }
`;

export const SEED_MEETINGS = `{ meetings(filter: { bodySlug: "radmannsgruppen", year: 2017 }) { id startsAt status agendaItems { id number } } }`;
export const BODY_ID = `query ($slug: String!) { body(slug: $slug) { id } }`;
export const CREATE_MEETING = `mutation ($input: CreateMeetingInput!) { createMeeting(input: $input) { id agendaItems { id } } }`;
export const ADD_ITEM = `mutation ($input: AddAgendaItemInput!) { addAgendaItem(input: $input) { id } }`;
export const SET_TEXT = `mutation ($v: SetMinutesTextInput!) { setMinutesText(input: $v) { id } }`;
export const DECISION_UPDATED = `subscription ($id: ID!) { decisionUpdated(meetingId: $id) { agendaItemId itemNumber text } }`;
