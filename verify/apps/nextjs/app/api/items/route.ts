// GET/POST/PUT/PATCH/DELETE /api/items: 200 with X-Total-Count (route contract).
export const dynamic = 'force-dynamic';

function items(): Response {
  return Response.json({ ok: true }, { headers: { 'X-Total-Count': '42' } });
}

export { items as GET, items as POST, items as PUT, items as PATCH, items as DELETE };
