import { AgendaService } from './agenda-service.js';
import { AuditService } from './audit-service.js';
import { DocumentService } from './document-service.js';
import { AttachmentService } from './attachment-service.js';
import { AttendanceService } from './attendance-service.js';
import type { ServiceContext } from './context.js';
import { DecisionService } from './decision-service.js';
import { MeetingService } from './meeting-service.js';
import { PersonService } from './person-service.js';
import { RecordService } from './record-service.js';
import { ImportService } from './import/import-service.js';
import { VersionService } from './version-service.js';
import { SearchService } from '../search/search-service.js';
import { CaseService } from './case-service.js';
import { FollowUpService } from './follow-up-service.js';
import { PlanService } from './plan-service.js';
import { NoticeService } from './notice-service.js';
import { FileService } from './file-service.js';

export type { ServiceContext } from './context.js';
export { noMinutesSync, type MinutesSync } from './minutes-sync.js';

/** The business rules, one service per concept, bound to one request's EntityManager. */
export function createServices(ctx: ServiceContext) {
  return {
    meetings: new MeetingService(ctx),
    agenda: new AgendaService(ctx),
    decisions: new DecisionService(ctx),
    attendance: new AttendanceService(ctx),
    attachments: new AttachmentService(ctx),
    people: new PersonService(ctx),
    records: new RecordService(ctx),
    versions: new VersionService(ctx),
    audit: new AuditService(ctx),
    documents: new DocumentService(ctx),
    imports: new ImportService(ctx),
    search: new SearchService(ctx),
    plan: new PlanService(ctx),
    cases: new CaseService(ctx),
    followUp: new FollowUpService(ctx),
    notices: new NoticeService(ctx),
    files: new FileService(ctx),
  };
}

export type Services = ReturnType<typeof createServices>;
