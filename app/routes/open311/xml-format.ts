import { open311Error, t311 } from "~/app/open311.server";

/** `services.xml` and `requests.xml`: the spec's XML format is not offered; say so in its error form. */
const notSupported = () => open311Error(400, t311.onlyJson);

export const loader = notSupported;
export const action = notSupported;
