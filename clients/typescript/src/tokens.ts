/** The two tokens of a session: `Session.accessToken` and `Session.refreshToken`. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * Where the client keeps the session's tokens. Apps plug in their secure storage (Keychain,
 * Keystore, expo-secure-store); every method may be async. The client writes it when a session
 * starts (register, login), when a refresh rotates the tokens, and clears it on sign-out or
 * when the server refuses the refresh token.
 */
export interface TokenStore {
  get(): TokenPair | null | Promise<TokenPair | null>;
  set(tokens: TokenPair): void | Promise<void>;
  clear(): void | Promise<void>;
}

/** A store in memory: the session lasts as long as the process (tests, scripts, servers). */
export function memoryTokenStore(initial: TokenPair | null = null): TokenStore {
  let tokens = initial;
  return {
    get: () => tokens,
    set: (next) => {
      tokens = { accessToken: next.accessToken, refreshToken: next.refreshToken };
    },
    clear: () => {
      tokens = null;
    },
  };
}
