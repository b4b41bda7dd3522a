// The catalogue's resource ARN formats, indexed by the service namespace written in the ARN (`s3`, `iam`,
// `execute-api`), which is not always the prefix of the actions that use them (`ssm` actions take `ec2`
// instance ARNs). The index is built with the catalogue (scripts/gen-iam-catalog.mjs).

import { arnMatchesFormat, formatsOverlap } from './arn';
import { memoized2 } from './bounded-memo';
import { catalog } from './catalog';

/** The service field of an ARN format, or undefined when it is itself a placeholder (`${Vendor}`). */
export function formatNamespace(format: string): string | undefined {
  const service = format.split(':')[2];
  return service === undefined || service.includes('$') ? undefined : service;
}

/** Every ARN format whose service field is `namespace`; empty for a namespace the catalogue has no resource type in. */
export function arnFormatsIn(namespace: string): readonly string[] {
  return catalog().arnFormatsIn(namespace);
}

const split = new Map<string, string[]>();

/** A few catalogue entries hold two formats in one string (`arn:…/apis/${ApiId}/models, arn:…/restapis/…`). */
export function formatsOf(formats: readonly string[]): string[] {
  if (formats.length === 1 && !formats[0]!.includes(', arn:')) return formats as string[];
  return formats.flatMap((f) => {
    let parts = split.get(f);
    if (!parts) split.set(f, (parts = f.split(/,\s*(?=arn:)/)));
    return parts;
  });
}

const fitting = memoized2<readonly string[]>(5000, (namespace, arn) => arnFormatsIn(namespace).filter((f) => arnFitsFormat(arn, f)));

/** The formats of `arn`'s namespace it could be a resource of. Remembered per ARN: policies repeat them. */
export function formatsFitting(arn: string, namespace: string): readonly string[] {
  return fitting(namespace, arn);
}

/**
 * Does some action of the service that defines this format act on it? A resource type no action names usually
 * means the catalogue merged two pages under one prefix (API Gateway V1 and V2, Elastic Load Balancing V1 and V2)
 * and kept one page's resource lists: its actions' lists are then incomplete.
 */
export function isActedOn(format: string): boolean {
  return catalog().arnFormatActedOn(format);
}

const qualified = new Map<string, string | null>();

/**
 * Could the policy Resource `arn` name a resource of this format? As `arnMatchesFormat`, but a format that ends in
 * a name may also be followed by a `:qualifier`: the Service Authorization Reference writes one format per type
 * where the service also accepts qualified forms, such as a Lambda function version or alias
 * (`arn:aws:lambda:us-east-1:123456789012:function:my-function:prod`,
 * https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html) or a log group's streams
 * (`log-group:/aws/lambda/my-function:*`). A bucket name takes none: `arn:aws:s3:::my-bucket/*` names objects.
 */
export function arnFitsFormat(arn: string, format: string): boolean {
  return arnFits(arn, format);
}

/** As `arnFitsFormat`, for the ARN shape of a template resource (`arn:${Partition}:s3:::${BucketName}/*`). */
export function shapeFitsFormat(shape: string, format: string): boolean {
  return shapeFits(shape, format);
}

/** Both questions, per ARN or shape and format: the same pairs come back on every keystroke. */
const arnFits = memoized2<boolean>(20_000, (arn, format) => fits(arn, format, arnMatchesFormat));
const shapeFits = memoized2<boolean>(20_000, (shape, format) => fits(shape, format, formatsOverlap));

function fits(arn: string, format: string, matches: (arn: string, format: string) => boolean): boolean {
  if (!resourcePrefixesAgree(arn, format)) return false;
  if (matches(arn, format)) return true;
  let q = qualified.get(format);
  if (q === undefined) {
    q = /\}$/.test(format) && !/\$\{BucketName\}$/i.test(format) ? `${format}:*` : null;
    qualified.set(format, q);
  }
  return q !== null && matches(arn, q);
}

/** A cheap necessary condition: the literal starts of the two resource fields (`function:`, `capacity-provider:`) agree. */
function resourcePrefixesAgree(arn: string, format: string): boolean {
  const a = literalStart(resourceField(arn));
  const f = literalStart(resourceField(format));
  if (a === undefined || f === undefined) return true;
  return a.startsWith(f) || f.startsWith(a);
}

/** The text after the fifth colon outside `${…}`, or undefined for an ARN with fewer fields. */
function resourceField(text: string): string | undefined {
  let colons = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i);
      if (close < 0) return undefined;
      i = close;
    } else if (text[i] === ':' && ++colons === 5) {
      return text.slice(i + 1);
    }
  }
  return undefined;
}

function literalStart(field: string | undefined): string | undefined {
  return field === undefined ? undefined : /^[^*?$]*/.exec(field)![0];
}
