import { checkAnswersAgainstOpenApi } from './documented-answers';

/** Jest setup (integration and e2e): every 2xx JSON answer read through httpJson is checked against /docs-json. */
checkAnswersAgainstOpenApi(true);
