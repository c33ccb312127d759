/** The fields LinkedIn's "add to profile" form takes for a certification. */
export type CertificationFields = {
  name: string;
  organizationName: string;
  /** ISO instant the credential was issued. */
  issuedOn: string;
  certUrl: string;
  certId: string;
};

/** The issue year and month (1 to 12, never 0 to 11) of an ISO instant, in UTC. */
export function issueYearMonth(issuedOn: string): { year: number; month: number } {
  const date = new Date(issuedOn);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

/** LinkedIn's "add to profile" link for a certification. */
export function linkedInAddUrl(fields: CertificationFields): string {
  const { year, month } = issueYearMonth(fields.issuedOn);
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: fields.name,
    organizationName: fields.organizationName,
    issueYear: String(year),
    issueMonth: String(month),
    certUrl: fields.certUrl,
    certId: fields.certId,
  });
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

/** LinkedIn's link to share a page in one's feed. */
export function linkedInShareUrl(pageUrl: string): string {
  return `https://www.linkedin.com/sharing/share-offsite/?${new URLSearchParams({ url: pageUrl }).toString()}`;
}
