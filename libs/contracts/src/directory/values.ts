/**
 * Value shapes shared by every directory contract, checked the same way at the edge (admin API)
 * and in the directory. Every string from outside has a bound.
 */
import { z } from 'zod';

export const DOMAIN_NAME =
  /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;
/** Local part: RFC 5321 dot-atom characters, 1-64; no quoted local parts in our own addresses. */
const LOCAL_PART = /^(?=.{1,64}$)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(DOMAIN_NAME, 'must be a domain name such as contoso.com');

export const SmtpAddress = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .refine((value) => {
    const at = value.lastIndexOf('@');
    return at > 0 && LOCAL_PART.test(value.slice(0, at)) && DOMAIN_NAME.test(value.slice(at + 1));
  }, 'must be an email address such as pat@contoso.com');

export const DisplayName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(256, 'must be at most 256 characters');
export const OptionalText = z.string().trim().max(256, 'must be at most 256 characters').optional();
export const PhoneNumber = z
  .string()
  .trim()
  .max(64, 'must be at most 64 characters')
  .regex(/^[0-9+()#*.\- x]*$/i, 'may hold digits, spaces and + ( ) - . # * x only')
  .optional();
export const Password = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');

export const Paging = {
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
};
