/** Who is calling: an enterprise system with an API key, or a shopper's extension. */
export type Principal = { kind: 'enterprise'; enterpriseId: string } | { kind: 'shopper'; shopperId: string };

/** An enterprise sees only its own tenants' rows. */
export function canReadEnterpriseData(principal: Principal, enterpriseId: string): boolean {
  return principal.kind === 'enterprise' && principal.enterpriseId === enterpriseId;
}

/** A URL-safe slug from an enterprise name: "Voltaire Retail" → "voltaire-retail". */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'enterprise'
  );
}
