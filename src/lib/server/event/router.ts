import { authed, router, withRoles } from '../trpc';
import { CalloutFields } from '../callout/schema';
import { MANAGERS } from '../callout/policy';
import { BoothFields, BoothId, EventFields, EventId, ListThemesInput, ThemeFields, ThemeId, UpdateEventInput, UpdateThemeInput } from './schema';
import { createTheme, listThemes, removeTheme, updateTheme } from './themes';
import { cancelEvent, createEvent, getEvent, listManagedEvents, updateEvent } from './events';
import { addBooth, boothCalloutDraft, removeBooth, staffBooth } from './booths';

const admins = withRoles('admin');
const managers = withRoles(...MANAGERS);

export const themeRouter = router({
  list: authed.input(ListThemesInput).query(({ ctx, input }) => listThemes(ctx.db, ctx.actor, input.year)),
  create: admins.input(ThemeFields).mutation(({ ctx, input }) => createTheme(ctx.db, ctx.actor, input, ctx.requestId)),
  update: admins.input(UpdateThemeInput).mutation(({ ctx, input }) => updateTheme(ctx.db, ctx.actor, input.themeId, input.fields, ctx.requestId)),
  remove: admins.input(ThemeId).mutation(({ ctx, input }) => removeTheme(ctx.db, ctx.actor, input.themeId, ctx.requestId))
});

export const eventRouter = router({
  get: authed.input(EventId).query(({ ctx, input }) => getEvent(ctx.db, ctx.actor, input.eventId)),
  managed: admins.query(({ ctx }) => listManagedEvents(ctx.db, ctx.actor)),
  create: admins.input(EventFields).mutation(({ ctx, input }) => createEvent(ctx.db, ctx.actor, input, ctx.requestId)),
  update: admins.input(UpdateEventInput).mutation(({ ctx, input }) => updateEvent(ctx.db, ctx.actor, input.eventId, input.fields, ctx.requestId)),
  cancel: admins.input(EventId).mutation(({ ctx, input }) => cancelEvent(ctx.db, ctx.actor, input.eventId, ctx.requestId)),
  addBooth: admins.input(BoothFields).mutation(({ ctx, input }) => addBooth(ctx.db, ctx.actor, input, ctx.requestId)),
  removeBooth: admins.input(BoothId).mutation(({ ctx, input }) => removeBooth(ctx.db, ctx.actor, input.boothId, ctx.requestId)),
  boothDraft: managers.input(BoothId).query(({ ctx, input }) => boothCalloutDraft(ctx.db, ctx.actor, input.boothId)),
  staffBooth: managers.input(BoothId.extend({ fields: CalloutFields })).mutation(({ ctx, input }) => staffBooth(ctx.db, ctx.actor, input.boothId, input.fields, ctx.requestId))
});
