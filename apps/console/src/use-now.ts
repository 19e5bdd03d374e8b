import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed every `intervalMs`, so relative times ("5m ago") stay true. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
