/**
 * Voting lines: "Enstemmig vedtatt", "Vedtatt med 5 mot 2 stemmer", and the canonical line for a recorded result.
 */

export type VotingOutcome = 'UNANIMOUS' | 'MAJORITY' | 'CASTING_VOTE' | 'REJECTED';

export interface Voting {
  outcome: VotingOutcome;
  votesFor: number | null;
  votesAgainst: number | null;
  votesBlank: number | null;
  /** Names of those who voted against, as printed. */
  dissenters: string[];
}

/** "Enstemmig vedtatt", "Vedtatt mot 2 stemmer (X, Y)", "Vedtatt med 5 mot 2 stemmer", "Forkastet" … */
export function parseVotingText(text: string): Voting | null {
  const t = text.trim();
  let outcome: VotingOutcome | null = null;
  if (/enstemmig|samrøystes|samrøysta/i.test(t)) outcome = 'UNANIMOUS';
  else if (/dobbeltstemme/i.test(t)) outcome = 'CASTING_VOTE';
  else if (/forkastet|\bfalt\b/i.test(t)) outcome = 'REJECTED';
  else if (/vedtatt|vedteke/i.test(t)) outcome = 'MAJORITY';
  if (!outcome) return null;
  const v: Voting = { outcome, votesFor: null, votesAgainst: null, votesBlank: null, dissenters: [] };
  const counts = /(\d+)\s*(?:stemmer\s*)?mot\s*(\d+)/i.exec(t);
  if (counts) {
    v.votesFor = Number(counts[1]);
    v.votesAgainst = Number(counts[2]);
  } else {
    const against = /mot\s+(\d+)\s+stemme/i.exec(t);
    if (against) v.votesAgainst = Number(against[1]);
  }
  const blank = /(\d+)\s+blank/i.exec(t);
  if (blank) v.votesBlank = Number(blank[1]);
  const names = /\(([^)]+)\)/.exec(t);
  if (names && outcome !== 'UNANIMOUS') {
    v.dissenters = names[1]!
      .split(/,|\s+og\s+/)
      .map((n) => n.trim())
      .filter(Boolean);
  }
  return v;
}

/** The canonical voting line for a recorded result (read back by parseVotingText to the same values). */
export function formatVotingText(v: Voting): string {
  const counts = v.votesFor !== null && v.votesAgainst !== null ? `${v.votesFor} mot ${v.votesAgainst} stemmer` : null;
  const names = v.dissenters.length ? ` (${v.dissenters.join(', ')})` : '';
  const blank = v.votesBlank !== null ? `, ${v.votesBlank} blanke` : '';
  switch (v.outcome) {
    case 'UNANIMOUS':
      return 'Enstemmig vedtatt.';
    case 'CASTING_VOTE':
      return `Vedtatt${counts ? ` med ${counts}` : ''} ved møteleders dobbeltstemme${names}${blank}.`;
    case 'REJECTED':
      return `Forkastet${counts ? ` med ${counts}` : ''}${names}${blank}.`;
    case 'MAJORITY':
      if (counts) return `Vedtatt med ${counts}${names}${blank}.`;
      if (v.votesAgainst !== null) return `Vedtatt mot ${v.votesAgainst} stemme${v.votesAgainst === 1 ? '' : 'r'}${names}${blank}.`;
      return `Vedtatt med flertall${names}${blank}.`;
  }
}

