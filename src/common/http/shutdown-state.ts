/** Set once shutdown begins: readiness turns 503 and responses close their connections. */
export class ShutdownState {
  draining = false;
}
