import { formatYuan } from '$lib/money';
import { translate } from '$lib/i18n';
import type { Db } from '../db/connect';
import { enqueueMail } from '../mail/outbox';
import { ORIGIN } from '../callout/notify';

/** Tells each worker of a paid run, in their language, through the outbox in the run's transaction. */
export async function notifyPaid(db: Db, runId: string, month: string): Promise<void> {
  const rows = await db
    .selectFrom('payslip as p')
    .innerJoin('appUser as u', 'u.id', 'p.workerId')
    .innerJoin('payrollLine as l', 'l.payslipId', 'p.id')
    .select(['p.id', 'u.name', 'u.email', 'u.locale', (eb) => eb.fn.sum<number>('l.amountFen').as('netFen')])
    .where('p.runId', '=', runId)
    .where('u.email', 'is not', null)
    .groupBy(['p.id', 'u.name', 'u.email', 'u.locale'])
    .execute();
  const label = `${month.slice(0, 4)}-${month.slice(5, 7)}`;
  for (const r of rows) {
    await enqueueMail(db, {
      to: r.email!,
      // It names the net pay, which only the worker and HR may see.
      privateToRecipient: true,
      subject: translate(r.locale, 'pay.mail.paid.subject', { month: label }),
      text: translate(r.locale, 'pay.mail.paid.body', { name: r.name, month: label, net: formatYuan(Number(r.netFen)), link: `${ORIGIN()}/payslips/${r.id}` })
    });
  }
}
