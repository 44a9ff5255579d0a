// GET /api/error: an unhandled error, which Next.js answers with 500 (route contract).
export const dynamic = 'force-dynamic';

export function GET(): Response {
  throw new Error('boom');
}
