/**
 * The read policy's rules the innkalling package asks: whose view a package shows (packageAudience), and which
 * vedlegg are visible (visibleAttachmentIds: closed saker's, and vedlegg marked not public themselves).
 */
import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../schema/entities/index.js';
import { BodyRole, MeetingStatus } from '../../schema/enums.js';
import { packageAudience, visibleAttachmentIds } from '../../server/auth/read-policy.js';
import { PUBLIC_VIEWER, type Viewer } from '../../server/auth/viewer.js';

const meeting = { status: MeetingStatus.NOTICE_SENT, body: { id: 'rg' } } as unknown as Meeting;
const viewer = (roles: Array<[string, BodyRole]>, isAdmin = false): Viewer => ({ userId: 'u', name: 'U', isAdmin, roles: new Map(roles) });
const member = viewer([['rg', BodyRole.MEMBER]]);
const otherSecretary = viewer([['sg', BodyRole.SECRETARY]]);

describe('packageAudience', () => {
  it('gives the body and admins the full package unless they ask for the public one; everybody else the public one', () => {
    expect(packageAudience(member, meeting, undefined)).toEqual({ variant: 'full', viewer: member });
    expect(packageAudience(member, meeting, 'full').variant).toBe('full');
    expect(packageAudience(member, meeting, 'public')).toEqual({ variant: 'public', viewer: PUBLIC_VIEWER });
    expect(packageAudience(viewer([], true), meeting, undefined).variant).toBe('full');
    expect(packageAudience(otherSecretary, meeting, 'full')).toEqual({ variant: 'public', viewer: PUBLIC_VIEWER });
    expect(packageAudience(PUBLIC_VIEWER, meeting, 'full')).toEqual({ variant: 'public', viewer: PUBLIC_VIEWER });
  });
});

describe('visibleAttachmentIds', () => {
  const byItem = [
    { public: true, attachmentIds: ['a1', 'a2', 'shared'] },
    { public: false, attachmentIds: ['closed', 'shared'] },
  ];
  const all = ['a1', 'a2', 'shared', 'closed'].map((id) => ({ id, public: true }));
  /** The same vedlegg with those of `ids` marked not public themselves (offentleglova). */
  const marking = (...ids: string[]) => all.map((a) => ({ ...a, public: !ids.includes(a.id) }));

  it('leaves out, for the public, vedlegg only of closed saker and those marked not public', () => {
    expect([...visibleAttachmentIds(PUBLIC_VIEWER, meeting, byItem, all)].sort()).toEqual(['a1', 'a2', 'shared']);
    expect([...visibleAttachmentIds(PUBLIC_VIEWER, meeting, byItem, marking('a2'))].sort()).toEqual(['a1', 'shared']);
    expect([...visibleAttachmentIds(otherSecretary, meeting, byItem, marking('shared'))].sort()).toEqual(['a1', 'a2']);
  });

  it('shows the body everything', () => {
    expect([...visibleAttachmentIds(member, meeting, byItem, marking('a2'))].sort()).toEqual(['a1', 'a2', 'closed', 'shared']);
  });
});
