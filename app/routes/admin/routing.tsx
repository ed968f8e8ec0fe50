// Placeholder until this page is built: answers 404.
export function loader(): never {
  throw new Response("Not Found", { status: 404 });
}
