import { router } from './trpc';
import { authRouter } from './auth/router';
import { orgRouter } from './org/router';
import { accountRouter } from './account/router';
import { profileRouter } from './profile/router';
import { mailboxRouter } from './mail/router';
import { auditRouter } from './audit/router';
import { calloutRouter } from './callout/router';
import { teamRouter } from './team/router';
import { certificateRouter } from './certificate/router';
import { eventRouter, themeRouter } from './event/router';
import { calendarRouter } from './calendar/router';
import { payRouter } from './pay/router';
import { careerRouter } from './career/router';
import { counselingRouter } from './counseling/router';
import { wellbeingRouter } from './wellbeing/router';
import { workerRouter } from './worker/router';

export const appRouter = router({
  auth: authRouter,
  org: orgRouter,
  account: accountRouter,
  profile: profileRouter,
  mailbox: mailboxRouter,
  audit: auditRouter,
  callout: calloutRouter,
  team: teamRouter,
  certificate: certificateRouter,
  theme: themeRouter,
  event: eventRouter,
  calendar: calendarRouter,
  pay: payRouter,
  career: careerRouter,
  counseling: counselingRouter,
  wellbeing: wellbeingRouter,
  worker: workerRouter
});

export type AppRouter = typeof appRouter;
