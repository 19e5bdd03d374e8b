import { describe, expect, it } from 'vitest';
import { showsSurvey } from '../src/app/store.ts';
import { checkSurvey, COMMENT_MAX, scaleValues, type SurveyAnswers } from '../src/app/survey.ts';
import { conversation } from './fixtures.ts';

const id = conversation().id;
const none = { nps: false, ces: false };
const both = { nps: true, ces: true };
const answers = (overrides: Partial<SurveyAnswers> = {}): SurveyAnswers => ({ csat: 4, nps: null, ces: null, comment: '', ...overrides });

describe('the post-chat survey: when it shows', () => {
  it('shows for a closed conversation not answered yet', () => {
    expect(showsSurvey(conversation({ status: 'closed' }), null)).toBe(true);
    for (const status of ['waiting', 'active', 'missed', 'offline'] as const) {
      expect(showsSurvey(conversation({ status }), null), status).toBe(false);
    }
    expect(showsSurvey(null, null)).toBe(false);
  });

  it('is answerable once: hidden once answered, unless it was just answered here (the thanks stay)', () => {
    const answered = conversation({
      status: 'closed',
      survey: { csat: 5, nps: null, ces: null, comment: null, answeredAt: '2025-01-01T00:00:00.000Z' },
    });
    expect(showsSurvey(answered, null)).toBe(false);
    expect(showsSurvey(answered, answered.id)).toBe(true);
    expect(showsSurvey(answered, 'another conversation')).toBe(false);
  });
});

describe('the post-chat survey: checking the answers', () => {
  it('has the scales CSAT 1–5, NPS 0–10 and CES 1–7', () => {
    expect(scaleValues('csat')).toEqual([1, 2, 3, 4, 5]);
    expect(scaleValues('nps')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(scaleValues('ces')).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('requires a CSAT rating between 1 and 5', () => {
    expect(checkSurvey(id, answers({ csat: null }), none)).toEqual({ ok: false, invalid: 'csat' });
    for (const csat of [0, 6, 2.5, Number.NaN]) expect(checkSurvey(id, answers({ csat }), none), String(csat)).toEqual({ ok: false, invalid: 'csat' });
    expect(checkSurvey(id, answers({ csat: 1 }), none)).toEqual({ ok: true, payload: { conversationId: id, csat: 1 } });
    expect(checkSurvey(id, answers({ csat: 5 }), none)).toEqual({ ok: true, payload: { conversationId: id, csat: 5 } });
  });

  it('sends NPS and CES only when the site asks them, and lets the visitor skip them', () => {
    const all = answers({ nps: 0, ces: 7 });
    expect(checkSurvey(id, all, none)).toEqual({ ok: true, payload: { conversationId: id, csat: 4 } });
    expect(checkSurvey(id, all, both)).toEqual({ ok: true, payload: { conversationId: id, csat: 4, nps: 0, ces: 7 } });
    expect(checkSurvey(id, all, { nps: true, ces: false })).toEqual({ ok: true, payload: { conversationId: id, csat: 4, nps: 0 } });
    expect(checkSurvey(id, answers(), both)).toEqual({ ok: true, payload: { conversationId: id, csat: 4 } });
  });

  it('refuses values off their scale', () => {
    expect(checkSurvey(id, answers({ nps: 11 }), both)).toEqual({ ok: false, invalid: 'nps' });
    expect(checkSurvey(id, answers({ nps: -1 }), both)).toEqual({ ok: false, invalid: 'nps' });
    expect(checkSurvey(id, answers({ ces: 0 }), both)).toEqual({ ok: false, invalid: 'ces' });
    expect(checkSurvey(id, answers({ ces: 8 }), both)).toEqual({ ok: false, invalid: 'ces' });
    // Off-scale but not asked: left out, not refused.
    expect(checkSurvey(id, answers({ ces: 8 }), none)).toEqual({ ok: true, payload: { conversationId: id, csat: 4 } });
  });

  it('sends the comment trimmed and in NFC, leaves out an empty one, refuses one over the limit', () => {
    const decomposed = '  Cảm ơn  '.normalize('NFD');
    expect(checkSurvey(id, answers({ comment: decomposed }), none)).toEqual({
      ok: true,
      payload: { conversationId: id, csat: 4, comment: 'Cảm ơn' },
    });
    expect(checkSurvey(id, answers({ comment: '   \n ' }), none)).toEqual({ ok: true, payload: { conversationId: id, csat: 4 } });
    expect(checkSurvey(id, answers({ comment: 'x'.repeat(COMMENT_MAX) }), none).ok).toBe(true);
    expect(checkSurvey(id, answers({ comment: 'x'.repeat(COMMENT_MAX + 1) }), none)).toEqual({ ok: false, invalid: 'comment' });
  });
});
