import type { wellbeing as source } from '../zh-CN/wellbeing';

export const wellbeing: Record<keyof typeof source, string> = {
  'wellbeing.answerMissing': 'Please answer every question',
  'wellbeing.answerRange': 'Please choose one of the options given'
};
