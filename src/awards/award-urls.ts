import { ob2Urls } from '../credentials/ob2/ob2-documents.ts';

/** Every public address of one award, from PUBLIC_URL. */
export function awardUrls(publicUrl: string, awardId: string) {
  return {
    pageUrl: `${publicUrl}/b/${awardId}`,
    badgePngUrl: `${publicUrl}/b/${awardId}/badge.png`,
    imageUrl: `${publicUrl}/b/${awardId}/image.png`,
    shareCardUrl: `${publicUrl}/b/${awardId}/card.png`,
    ob2AssertionUrl: ob2Urls(publicUrl).assertion(awardId),
    ob3CredentialUrl: `${publicUrl}/ob3/credentials/${awardId}`,
    ob3DownloadUrl: `${publicUrl}/b/${awardId}/credential.json`,
    manageUrl: (token: string) => `${publicUrl}/my/${token}`,
  };
}
