export const pay = {
  'pay.status.draft': '草稿',
  'pay.status.reviewed': '已复核',
  'pay.status.approved': '已审批',
  'pay.status.locked': '已锁定',
  'pay.status.paid': '已发放',
  'pay.missing.rating': '当月绩效评级',
  'pay.missing.structure': '适用的薪酬结构',
  'pay.mail.paid.subject': '{month} 工资已发放',
  'pay.mail.paid.body': '{name}，您好：\n\n您 {month} 的工资已发放，实发 {net} 元。\n查看工资条：{link}\n\n网格通'
} as const;
