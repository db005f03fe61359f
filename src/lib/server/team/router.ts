import { router, withRoles } from '../trpc';
import { CalloutPlacesInput, CreateTeamInput, RemoveMemberInput, TeamMemberInput, TeamSignUpInput } from './schema';
import { addMember, calloutTeamPlaces, createTeam, myTeams, removeMember } from './service';
import { teamSignUp } from '../callout/service/team-sign-up';

const volunteers = withRoles('volunteer');

export const teamRouter = router({
  create: volunteers.input(CreateTeamInput).mutation(({ ctx, input }) => createTeam(ctx.db, ctx.actor, input.name)),
  addMember: volunteers.input(TeamMemberInput).mutation(({ ctx, input }) => addMember(ctx.db, ctx.actor, input.teamId, input.identifier)),
  removeMember: volunteers.input(RemoveMemberInput).mutation(({ ctx, input }) => removeMember(ctx.db, ctx.actor, input.teamId, input.userId)),
  mine: volunteers.query(({ ctx }) => myTeams(ctx.db, ctx.actor)),
  calloutPlaces: volunteers.input(CalloutPlacesInput).query(({ ctx, input }) => calloutTeamPlaces(ctx.db, ctx.actor, input.calloutId)),
  signUpMembers: volunteers.input(TeamSignUpInput).mutation(({ ctx, input }) => teamSignUp(ctx.db, ctx.actor, input))
});
