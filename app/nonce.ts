import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered (server/csp.ts), provided by
 * app/entry.server.tsx. In the browser there is no provider and it is "": scripts added after
 * hydration are route chunks loaded from our own origin, which the policy allows without one,
 * and browsers hide a script's nonce attribute from the DOM, so hydration sees "" on both sides.
 */
export const NonceContext = createContext("");

export const useNonce = () => useContext(NonceContext);
