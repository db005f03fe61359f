import { z } from 'zod';
import { ROLES } from '$lib/types';
import { CONTACT_REQUIRED, Email, Id, needsContact, optional, Password, PersonName, Phone } from '../auth/schema';

export const RoleInput = z.enum(ROLES);

export const ListAccountsInput = z.object({
  search: z.string().trim().max(60).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(100_000).default(0)
});
export type ListAccountsInput = z.infer<typeof ListAccountsInput>;

export const LookupInput = z.object({ identifier: z.string().trim().min(1).max(254) });

export const CreateStaffInput = z
  .object({
    name: PersonName,
    phone: optional(Phone),
    email: optional(Email),
    password: Password,
    role: RoleInput,
    orgUnitId: Id
  })
  .refine(needsContact, CONTACT_REQUIRED);
export type CreateStaffInput = z.infer<typeof CreateStaffInput>;

export const GrantRoleInput = z.object({ userId: Id, role: RoleInput, orgUnitId: Id });
export type GrantRoleInput = z.infer<typeof GrantRoleInput>;

export const RevokeRoleInput = z.object({ membershipId: Id });

export const PasswordInviteInput = z.object({ userId: Id });
