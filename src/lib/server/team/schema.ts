import { z } from 'zod';
import { Id } from '../auth/schema';

export const CreateTeamInput = z.object({ name: z.string().trim().min(2).max(40) });
export const TeamMemberInput = z.object({ teamId: Id, identifier: z.string().trim().min(1).max(254) });
export const AnswerInvitationInput = z.object({ invitationId: Id, accept: z.boolean() });
export const WithdrawInvitationInput = z.object({ invitationId: Id });
export const RemoveMemberInput = z.object({ teamId: Id, userId: Id });
export const TeamSignUpInput = z.object({ calloutId: Id, memberIds: z.array(Id).min(1).max(100) });
export type TeamSignUpInput = z.infer<typeof TeamSignUpInput>;
export const CalloutPlacesInput = z.object({ calloutId: Id });
