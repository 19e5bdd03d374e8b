/**
 * The post-chat survey's rules, pure (in the survey chunk with its component; when it shows is
 * `showsSurvey` in store.ts): the scales, and the check that turns the visitor's answers into the `conversation:survey`
 * payload. CSAT (1–5) is always asked and required; NPS (0–10) and CES (1–7) only when the site
 * turns them on, and may be skipped; the comment is optional.
 */
import type { AnswerSurvey, WidgetSettings } from '@parley/protocol';

/** The scales: [lowest, highest]. */
export const SCALES = { csat: [1, 5], nps: [0, 10], ces: [1, 7] } as const;
export type Scale = keyof typeof SCALES;

/** Longest comment the server takes (answerSurveySchema). */
export const COMMENT_MAX = 2000;

export interface SurveyAnswers {
  csat: number | null;
  nps: number | null;
  ces: number | null;
  comment: string;
}

export type SurveyCheck = { ok: true; payload: AnswerSurvey } | { ok: false; invalid: Scale | 'comment' };

/** The values of a scale, lowest first. */
export function scaleValues(scale: Scale): number[] {
  const [from, to] = SCALES[scale];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const inScale = (scale: Scale, value: number) =>
  Number.isInteger(value) && value >= SCALES[scale][0] && value <= SCALES[scale][1];

/**
 * Checks the answers against what the site asks (`settings.survey`): the first thing in the way, or
 * the payload. Scales the site does not ask are left out whatever was chosen, as is an empty comment.
 */
export function checkSurvey(conversationId: string, answers: SurveyAnswers, asks: WidgetSettings['survey']): SurveyCheck {
  const { csat, nps, ces } = answers;
  if (csat === null || !inScale('csat', csat)) return { ok: false, invalid: 'csat' };
  const payload: AnswerSurvey = { conversationId, csat };
  for (const [scale, value] of [['nps', nps], ['ces', ces]] as const) {
    if (!asks[scale] || value === null) continue;
    if (!inScale(scale, value)) return { ok: false, invalid: scale };
    payload[scale] = value;
  }
  const comment = answers.comment.trim().normalize('NFC');
  if (comment.length > COMMENT_MAX) return { ok: false, invalid: 'comment' };
  if (comment) payload.comment = comment;
  return { ok: true, payload };
}
