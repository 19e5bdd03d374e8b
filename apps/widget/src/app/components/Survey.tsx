/**
 * The post-chat survey, in a chunk of its own (imported when a closed conversation asks for it):
 * CSAT 1–5 as stars, NPS 0–10 and CES 1–7 when the site asks them, an optional comment; sent once
 * with `conversation:survey`, then "Thanks for your feedback".
 *
 * Every choice is a button (`aria-pressed`) in a fieldset whose legend is the question, so the
 * scales are in tab order and work with Enter and Space.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ERRORS, EVENTS, type ErrorBody } from '@parley/protocol';
import type { Chat } from '../chat.ts';
import { errorText, format, strings, type Lang, type Texts } from '../i18n.ts';
import { addStyle } from '../lazy.ts';
import { updateConversation, type WidgetState } from '../store.ts';
import { checkSurvey, COMMENT_MAX, scaleValues, type Scale, type SurveyAnswers } from '../survey.ts';
import css from './survey.css?inline';

addStyle(css);

const texts: Texts<{
  title: string;
  csat: string;
  csatLabels: string;
  csatLabel: string;
  nps: string;
  npsEnds: string;
  ces: string;
  cesEnds: string;
  comment: string;
  submit: string;
  required: string;
  thanks: string;
}> = {
  en: {
    title: 'Feedback',
    csat: 'How would you rate this conversation?',
    // One label per star, "|"-separated.
    csatLabels: 'Very poor|Poor|Okay|Good|Excellent',
    csatLabel: '{value} of 5: {label}',
    nps: 'How likely are you to recommend us?',
    npsEnds: 'Not likely|Very likely',
    ces: 'How easy was it to get help?',
    cesEnds: 'Very difficult|Very easy',
    comment: 'Comment (optional)',
    submit: 'Send feedback',
    required: 'Choose a rating first.',
    thanks: 'Thanks for your feedback',
  },
  vi: {
    title: 'Đánh giá',
    csat: 'Bạn đánh giá cuộc trò chuyện này thế nào?',
    csatLabels: 'Rất tệ|Tệ|Bình thường|Tốt|Rất tốt',
    csatLabel: '{value}/5: {label}',
    nps: 'Bạn có sẵn lòng giới thiệu chúng tôi cho người khác không?',
    npsEnds: 'Không sẵn lòng|Rất sẵn lòng',
    ces: 'Bạn nhận được hỗ trợ dễ dàng đến mức nào?',
    cesEnds: 'Rất khó|Rất dễ',
    comment: 'Nhận xét (không bắt buộc)',
    submit: 'Gửi đánh giá',
    required: 'Vui lòng chọn mức đánh giá.',
    thanks: 'Cảm ơn bạn đã góp ý',
  },
};

/** For tests: every string of this chunk, per language. */
export { texts as surveyTexts };

const UNDELIVERED: ErrorBody = { code: 'UNAVAILABLE', message: ERRORS.UNAVAILABLE.message };

interface Props {
  state: WidgetState;
  chat: Chat;
  /** Answered (or answered already elsewhere): the panel keeps showing the thanks. */
  onDone: () => void;
}

export function Survey({ state, chat, onDone }: Props) {
  const x = texts[state.lang];
  const conversation = state.conversation!;
  const asks = state.site?.widget.survey ?? { nps: false, ces: false };
  const [answers, setAnswers] = useState<SurveyAnswers>({ csat: null, nps: null, ces: null, comment: '' });
  const [invalid, setInvalid] = useState<Scale | 'comment' | null>(null);
  const [status, setStatus] = useState<'idle' | 'sending' | 'done'>(conversation.survey ? 'done' : 'idle');
  const [error, setError] = useState<ErrorBody | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const done = useRef<HTMLParagraphElement>(null);
  // It comes after the messages, maybe below the fold: bring it into view (within the log only).
  useEffect(() => form.current?.scrollIntoView({ block: 'nearest' }), []);
  /** Focus was in the form when it was answered: it moves to the thanks, which replace the form. */
  const refocus = useRef(false);
  useEffect(() => {
    if (status === 'done' && refocus.current) done.current?.focus();
  }, [status]);

  if (status === 'done') {
    return (
      <p ref={done} class="survey survey-done" role="status" tabIndex={-1} data-testid="parley-survey-done">
        {x.thanks}
      </p>
    );
  }

  const finish = () => {
    const root = form.current?.getRootNode() as ShadowRoot | undefined;
    refocus.current = !!form.current?.contains(root?.activeElement ?? null);
    onDone();
    setStatus('done');
  };
  const submit = (event: Event) => {
    event.preventDefault();
    if (status === 'sending') return;
    const check = checkSurvey(conversation.id, answers, asks);
    setError(null);
    if (!check.ok) {
      setInvalid(check.invalid);
      form.current?.querySelector<HTMLElement>(`[data-testid="parley-${check.invalid}"], [name="${check.invalid}"]`)?.focus();
      return;
    }
    setStatus('sending');
    chat.request(EVENTS.conversationSurvey, check.payload).then(
      (ack) => {
        if (ack.ok) {
          finish();
          chat.store.update((s) => updateConversation(s, ack.data.conversation));
        } else if (ack.error.code === 'CONFLICT') {
          finish(); // answered already (another tab), or no longer closed (then the survey goes away)
        } else {
          setStatus('idle');
          setError(ack.error);
        }
      },
      () => {
        setStatus('idle');
        setError(UNDELIVERED);
      },
    );
  };
  const choose = (scale: Scale, value: number) => {
    setAnswers({ ...answers, [scale]: value });
    if (invalid === scale) setInvalid(null);
  };

  return (
    <form ref={form} class="survey" data-testid="parley-survey" aria-label={x.title} noValidate onSubmit={submit}>
      <ScaleField scale="csat" legend={x.csat} value={answers.csat} onChoose={choose} lang={state.lang} invalid={invalid === 'csat'} />
      {asks.nps ? <ScaleField scale="nps" legend={x.nps} ends={x.npsEnds} value={answers.nps} onChoose={choose} lang={state.lang} /> : null}
      {asks.ces ? <ScaleField scale="ces" legend={x.ces} ends={x.cesEnds} value={answers.ces} onChoose={choose} lang={state.lang} /> : null}
      <label class="field">
        <span>{x.comment}</span>
        <textarea
          class="input"
          name="comment"
          rows={2}
          maxLength={COMMENT_MAX}
          readOnly={status === 'sending'}
          value={answers.comment}
          onInput={(event) => setAnswers({ ...answers, comment: event.currentTarget.value })}
        />
      </label>
      {invalid === 'csat' ? (
        <p id="parley-survey-hint" class="hint" role="alert">
          {x.required}
        </p>
      ) : null}
      {error ? (
        <p class="hint" role="alert">
          {errorText(state.lang, error)}
        </p>
      ) : null}
      <button type="submit" class="submit" data-testid="parley-survey-submit" aria-disabled={status === 'sending'}>
        {status === 'sending' ? strings[state.lang].sending : x.submit}
      </button>
    </form>
  );
}

interface ScaleProps {
  scale: Scale;
  legend: string;
  /** "low|high": what the ends of a numeric scale mean. */
  ends?: string;
  value: number | null;
  onChoose: (scale: Scale, value: number) => void;
  lang: Lang;
  invalid?: boolean;
}

/** One question: CSAT as five labelled stars, the others as numbered buttons with their ends explained. */
function ScaleField({ scale, legend, ends, value, onChoose, lang, invalid }: ScaleProps) {
  const x = texts[lang];
  const stars = scale === 'csat';
  const labels = x.csatLabels.split('|');
  const [low, high] = ends?.split('|') ?? [];
  const values = scaleValues(scale);
  const last = values[values.length - 1];
  return (
    <fieldset class={`scale scale-${scale}`} aria-describedby={invalid ? 'parley-survey-hint' : undefined}>
      <legend>{legend}</legend>
      <div class="choices">
        {values.map((v) => {
          // Stars are named "4 of 5: Good"; numbers by themselves, the two ends with their meaning.
          const label = stars
            ? format(x.csatLabel, { value: v, label: labels[v - 1]! })
            : v === values[0] || v === last
              ? `${v}: ${v === last ? high : low}`
              : undefined;
          return (
            <button
              key={v}
              type="button"
              class={stars ? `star${value !== null && v <= value ? ' on' : ''}` : 'num'}
              data-testid={`parley-${scale}`}
              data-value={v}
              aria-pressed={value === v}
              aria-label={label}
              title={label}
              onClick={() => onChoose(scale, v)}
            >
              {stars ? (value !== null && v <= value ? '★' : '☆') : v}
            </button>
          );
        })}
      </div>
      {stars ? (
        <span class="ends" aria-hidden="true">
          {value !== null ? labels[value - 1] : '\u00a0'}
        </span>
      ) : (
        <span class="ends" aria-hidden="true">
          <span>{low}</span>
          <span>{high}</span>
        </span>
      )}
    </fieldset>
  );
}
