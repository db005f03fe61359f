import { authed, router, withRoles } from '../trpc';
import { AnswerInvitationInput, CalloutPlacesInput, CreateTeamInput, RemoveMemberInput, TeamMemberInput, TeamSignUpInput, WithdrawInvitationInput } from './schema';
import { calloutTeamPlaces, createTeam, myTeams, removeMember } from './service';
import { answerInvitation, inviteMember, myInvitations, withdrawInvitation } from './invitations';
import { teamSignUp } from '../callout/service/team-sign-up';

const volunteers = withRoles('volunteer');

export const teamRouter = router({
  create: volunteers.input(CreateTeamInput).mutation(({ ctx, input }) => createTeam(ctx.db, ctx.actor, input.name)),
  /** Invites, no more: the person joins by accepting (team.answerInvitation). */
  addMember: volunteers.input(TeamMemberInput).mutation(({ ctx, input }) => inviteMember(ctx.db, ctx.actor, input.teamId, input.identifier)),
  withdrawInvitation: volunteers.input(WithdrawInvitationInput).mutation(({ ctx, input }) => withdrawInvitation(ctx.db, ctx.actor, input.invitationId)),
  invitations: authed.query(({ ctx }) => myInvitations(ctx.db, ctx.actor)),
  answerInvitation: authed.input(AnswerInvitationInput).mutation(({ ctx, input }) => answerInvitation(ctx.db, ctx.actor, input.invitationId, input.accept)),
  removeMember: volunteers.input(RemoveMemberInput).mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input.teamId, input.userId)),
  mine: volunteers.query(({ ctx }) => myTeams(ctx.db, ctx.actor)),
  calloutPlaces: volunteers.input(CalloutPlacesInput).query(({ ctx, input }) => calloutTeamPlaces(ctx.db, ctx.actor, input.calloutId)),
  signUpMembers: volunteers.input(TeamSignUpInput).mutation(({ ctx, input }) => teamSignUp(ctx.db, ctx.actor, input))
});
