/**
 * The bubble next to the launcher, in a chunk of its own (imported the first time one shows): a
 * proactive greeting, or an agent's message that came while the panel was closed. App.tsx keeps
 * the polite live region it appears in, so screen readers announce it.
 */
import type { Chat } from '../chat.ts';
import { strings } from '../i18n.ts';
import { addStyle } from '../lazy.ts';
import type { Bubble as BubbleState, WidgetState } from '../store.ts';
import css from './bubble.css?inline';
import { CloseIcon } from './icons.tsx';

addStyle(css);

export function Bubble({ state, chat, bubble }: { state: WidgetState; chat: Chat; bubble: BubbleState }) {
  const t = strings[state.lang];
  return (
        <div class="pop" data-testid="parley-greeting" data-kind={bubble.kind}>
          <button type="button" class="pop-open" onClick={chat.open}>
            {bubble.name ? <strong class="pop-name">{bubble.name}</strong> : null}
            <span class="pop-text">{bubble.text}</span>
          </button>
          <button type="button" class="icon pop-close" data-testid="parley-greeting-close" aria-label={t.dismiss} onClick={chat.dismissBubble}>
            <CloseIcon />
          </button>
        </div>
  );
}
