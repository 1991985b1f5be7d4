export * from './participation-joined.event';
export * from './participation-withdrawn.event';
export * from './participant-checked.events';
export * from './participation-hours-logged.event';
export * from './project-events';
export * from './placement-proposed.event';
