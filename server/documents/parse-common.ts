/**
 * The parsing API other modules use, gathered from server/documents/parse/: places, attendance lists, line shapes,
 * text blocks, the line engine, headings, voting lines and the document reader.
 */
export { COUNTY_NAMES, MUNICIPALITY_NAMES, isKnownPlace } from './parse/places.js';
export { normaliseItemNumber, parseAttendeeList, type AttendeeProblem } from './parse/attendees.js';
export {
  SUB_LETTERS,
  bareLine,
  escapeLineStart,
  lineShape,
  parseAttachmentNumbers,
  textLineIsAmbiguous,
  type FieldName,
  type LineShape,
  type ShapeContext,
} from './parse/line-shapes.js';
export { joinChunks } from './parse/text-blocks.js';
export { DocumentParseError, isFormulatedInMeeting, type ParseResult, type UnplacedLine } from './parse/engine-state.js';
export { parseMeetingDocument } from './parse/engine.js';
export { detectKind, parseHeadingRest } from './parse/heading.js';
export { formatVotingText, parseVotingText, type Voting, type VotingOutcome } from './parse/voting.js';
export { parseDocument } from './parse/read-document.js';
