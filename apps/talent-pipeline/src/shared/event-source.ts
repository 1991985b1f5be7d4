/** CloudEvents `source` of everything the talent pipeline emits. */
export const TALENT_PIPELINE_SOURCE = 'urn:school-enterprise:talent-pipeline';
