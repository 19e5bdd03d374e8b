/**
 * Runs auto-away (see auto-away.ts) in the page: activity listeners on the document, a periodic
 * check, and the status changes it asks for.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentStatus } from '@parley/protocol';
import { autoAwayStep, initialAutoAway, type AutoAwayEvent } from './auto-away.ts';
import type { UiError } from './errors.ts';

/** How often idleness is checked. */
const CHECK_MS = 15_000;
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

export interface AutoAwayHandle {
  /** True while the agent is away because auto-away made them so. */
  auto: boolean;
  /** The agent picked a status themselves: auto-away lets go of it. */
  manual(): void;
}

export function useAutoAway(
  status: AgentStatus | null,
  setStatus: (status: AgentStatus) => Promise<UiError | null>,
): AutoAwayHandle {
  const machine = useRef(initialAutoAway(Date.now()));
  const statusRef = useRef(status);
  statusRef.current = status;
  const setStatusRef = useRef(setStatus);
  setStatusRef.current = setStatus;
  const [auto, setAuto] = useState(false);

  const run = useRef((event: AutoAwayEvent) => {
    const step = autoAwayStep(machine.current, event, statusRef.current);
    machine.current = step.state;
    setAuto(step.state.auto);
    const set = step.set;
    if (set) {
      void setStatusRef.current(set).then((error) => {
        if (error) run.current({ type: 'failed', set });
      });
    }
  });

  useEffect(() => {
    let lastX = -1;
    let lastY = -1;
    const onActivity = (event: Event) => {
      if (event.type === 'pointermove') {
        // Browsers send "moves" when the page changes under a resting pointer (a new message
        // scrolls in): only a pointer that actually moved is the agent.
        const { screenX, screenY } = event as PointerEvent;
        if (screenX === lastX && screenY === lastY) return;
        lastX = screenX;
        lastY = screenY;
      }
      const now = Date.now();
      // Pointer moves come by the hundred: only a return from auto-away needs the full step.
      if (!machine.current.auto) machine.current = { ...machine.current, lastActivity: now };
      else run.current({ type: 'activity', at: now });
    };
    for (const type of ACTIVITY_EVENTS) document.addEventListener(type, onActivity, { capture: true, passive: true });
    const timer = setInterval(() => run.current({ type: 'tick', at: Date.now() }), CHECK_MS);
    return () => {
      for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, onActivity, { capture: true });
      clearInterval(timer);
    };
  }, []);

  return { auto, manual: () => run.current({ type: 'manual' }) };
}
