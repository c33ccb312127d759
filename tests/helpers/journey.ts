import { expect } from 'vitest';
import type { TestApp } from './app.ts';

export const ORIGIN = { origin: 'http://localhost:3000' };

/** A valid nomination for Zoë at cafe-rouge (test clock 2026-11-22), as the API takes it. */
export const A_NOMINATION = {
  workplace: 'cafe-rouge',
  staffFirstName: 'Zoë',
  staffRole: 'barista',
  momentDate: '2026-11-20',
  momentPlace: 'au comptoir',
  category: 'presence',
  story: 'Elle a pris le temps de m’expliquer chaque café, sans jamais me presser.',
  nominatorName: 'Luc Tremblay',
  nominatorEmail: 'luc@example.org',
  publicStoryConsent: true,
  lang: 'fr',
};

/** A customer nominates, a manager of the workplace approves: returns the nomination, award and claim link. */
export async function approvedAward(t: TestApp, manager: { cookie: string }, overrides: Record<string, unknown> = {}) {
  const res = await t.postJson('/api/v1/nominations', { ...A_NOMINATION, ...overrides });
  expect(res.status).toBe(201);
  const { id: nominationId } = (await res.json()) as { id: string };
  const approved = await t.app.request(`/api/v1/nominations/${nominationId}/approve`, {
    method: 'POST',
    headers: { cookie: manager.cookie, ...ORIGIN },
  });
  expect(approved.status).toBe(200);
  const { award } = (await approved.json()) as { award: { id: string; claimUrl: string } };
  return {
    nominationId,
    awardId: award.id,
    claimUrl: award.claimUrl,
    claimPath: new URL(award.claimUrl).pathname,
    token: award.claimUrl.split('/').pop()!,
  };
}

/** The employee claims through the API. */
export async function claim(t: TestApp, token: string, choices: Record<string, unknown> = {}) {
  const res = await t.postJson(`/api/v1/claims/${token}`, {
    email: 'Zoe.Martin@Example.org',
    publicPage: true,
    showStory: true,
    lang: 'fr',
    ...choices,
  });
  return res;
}
