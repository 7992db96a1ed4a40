/** The OParl object types motebok serves, and the path segment of each in `/oparl/v1/<type>/<id>`. */
export const OPARL_TYPES = ['body', 'organization', 'person', 'membership', 'meeting', 'agendaitem', 'file', 'location'] as const;
export type OparlType = (typeof OPARL_TYPES)[number];

/** The lists of a Body (`/oparl/v1/body/<id>/<list>`). */
export const BODY_LISTS = ['organization', 'person', 'membership', 'meeting', 'agendaItem', 'file', 'paper'] as const;
export type BodyList = (typeof BODY_LISTS)[number];

export const OPARL_PATH = '/oparl/v1';
export const schemaType = (name: string) => `https://schema.oparl.org/1.1/${name}`;

/** Absolute URLs of one deployment (OParl ids are URLs a client can dereference). */
export class OparlUrls {
  constructor(readonly origin: string) {}

  system(): string {
    return `${this.origin}${OPARL_PATH}`;
  }
  bodies(): string {
    return `${this.system()}/body`;
  }
  object(type: OparlType, id: string): string {
    return `${this.system()}/${type}/${encodeURIComponent(id)}`;
  }
  bodyList(bodyId: string, list: BodyList): string {
    return `${this.object('body', bodyId)}/${list}`;
  }
  organizationMeetings(organizationId: string): string {
    return `${this.object('organization', organizationId)}/meeting`;
  }
  /** The rendered innkalling or referat of a meeting (server/documents), as PDF. */
  document(meetingId: string, kind: 'innkalling' | 'referat'): string {
    return `${this.origin}/meetings/${encodeURIComponent(meetingId)}/${kind}.pdf`;
  }
  /** A vedlegg's own URL, made absolute against this deployment when it was stored as a path. */
  absolute(url: string): string {
    return new URL(url, `${this.origin}/`).toString();
  }
}
