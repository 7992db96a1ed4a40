import type { Config } from '../config.js';

export interface BannerInput {
  url: string;
  config: Pick<Config, 'env' | 'database' | 'graphql'>;
  /** /metrics on METRICS_PORT (no token), or null: on the main port for an administrator. */
  metricsUrl: string | null;
  devTokens: { secretary: string; admin: string } | null;
}

/** The short, readable start-up text for a terminal: where everything is, and the example tokens and what they do. */
export function startupBanner({ url, config, devTokens, metricsUrl }: BannerInput): string {
  const ws = url.replace(/^http/, 'ws');
  const db = config.database.kind === 'sqlite' ? `SQLite ${config.database.url.slice('sqlite:'.length)}` : 'PostgreSQL';
  const metrics = metricsUrl ? `${metricsUrl} (no token)` : `${url}/metrics (administrator's token)`;
  const lines = [
    '',
    `  motebok is running (${config.env}, ${db})`,
    '',
    `  Web editor       ${url}/`,
    `  GraphQL          ${url}/graphql${config.graphql.landingPage ? '  (open it in a browser for Apollo Sandbox)' : ''}`,
    `  Subscriptions    ${ws}/graphql`,
    `  Live co-editing  ${ws}/collab/minutes:<meetingId>  (Authorization header, or ?ticket= from collabTicket)`,
    `  Health           ${url}/healthz   ready: ${url}/readyz`,
    `  Metrics          ${metrics}`,
  ];
  if (devTokens) {
    lines.push(
      '',
      '  Example tokens: paste one into the web editor, or send "Authorization: Bearer <token>"',
      '  Secretary of Rådmannsgruppen (edits its meetings, agenda, decisions and the live referat):',
      `    ${devTokens.secretary}`,
      '  Administrator (reads and changes every body\'s meetings; may read /metrics):',
      `    ${devTokens.admin}`,
    );
  }
  lines.push('', '  Ctrl+C stops cleanly (drains connections, flushes writes). Logs follow.', '');
  return lines.join('\n');
}
