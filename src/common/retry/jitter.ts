/**
 * `seconds` lengthened by a random part of up to a quarter of it, never shortened. Retries of
 * failures that happened together (a webhook receiver or a mail server down for everyone) then
 * come back spread over a window, not all in the same second, when the other side is least able
 * to take them. Whole seconds; `random` answers in [0, 1), as `Math.random` does.
 */
export function withJitter(seconds: number, random: () => number = Math.random): number {
  return Math.floor(seconds * (1 + random() / 4));
}
