export const mail = {
  'mail.welcome.subject': '欢迎加入网格通',
  'mail.welcome.body': '{name}，您好：\n\n您已注册成为网格通志愿者。登录后即可查看所在社区的任务召集并报名参加。\n\n网格通',
  'mail.staff.subject': '您的网格通账号已开通',
  'mail.staff.body': '{name}，您好：\n\n管理员已为您开通网格通账号（{role}）。请使用手机号或邮箱和初始密码登录，并尽快修改密码。\n\n网格通',
  'mail.promoted.subject': '候补转正：{title}',
  'mail.promoted.body': '{name}，您好：\n\n有志愿者取消了报名，您已从候补转为正式参加“{title}”。\n时间：{when}\n地点：{place}\n\n如不能参加，请登录网格通取消报名。\n\n网格通',
  'mail.calloutCancelled.subject': '任务取消：{title}',
  'mail.calloutCancelled.body': '{name}，您好：\n\n很抱歉，原定于 {when} 的“{title}”已取消，您无需到场。感谢您的支持！\n\n网格通',
  'mail.unsubscribe': '\n\n——\n不想再收到任务召集邮件？点此退订：{url}',
  'mail.urgent.subject': '【紧急召集】{title}',
  'mail.urgent.body': '{name}，您好：\n\n您所在社区发布了紧急任务召集，需要 2 小时内到位：\n“{title}”\n时间：{when}\n地点：{place}\n\n报名：{url}\n\n网格通',
  'mail.digest.subject': '您的社区有 {count} 项新的任务召集',
  'mail.digest.body': '{name}，您好：\n\n以下任务正在招募志愿者：\n\n{items}\n\n网格通',
  'mail.digest.item': '· {title}（{when}，{place}）\n  {url}',
  'mail.reminder.subject': '明天见：{title}',
  'mail.reminder.body': '{name}，您好：\n\n提醒您参加“{title}”。\n时间：{when}\n地点：{place}\n到场后请扫描现场二维码或输入报到码报到。\n详情：{url}\n\n网格通'
} as const;
