/**
 * A short two-tone beep made with WebAudio: no audio file to download. Browsers only let a page
 * make sound after the visitor interacted with it; until then `beep` quietly does nothing.
 */
let context: AudioContext | undefined;

export function beep(): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume().catch(() => {});
    const start = context.currentTime;
    const gain = context.createGain();
    gain.connect(context.destination);
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.15, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.3);
    [660, 880].forEach((frequency, i) => {
      const tone = context!.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start + i * 0.1);
      tone.stop(start + 0.3);
    });
  } catch {
    // No WebAudio (or blocked): stay silent.
  }
}
