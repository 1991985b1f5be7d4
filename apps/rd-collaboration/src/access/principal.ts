/** Who is calling, as established from a verified credential (never from the path or a header nobody signed). */
export type Principal =
  | { role: 'operator' }
  | { role: 'enterprise'; enterpriseId: string }
  | { role: 'school'; schoolId: string }
  | { role: 'reviewer'; reviewerId: string };

export type Role = Principal['role'];
