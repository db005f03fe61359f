export const wellbeing = {
  'wellbeing.answerMissing': '请回答每一道题',
  'wellbeing.answerRange': '请从给出的选项中选择'
} as const;
