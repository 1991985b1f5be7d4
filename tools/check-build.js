// One `nest build` compiles the whole tree (tsconfig.build.json spans apps and libs) into
// dist/; this checks that each service's entry point is there.
const fs = require('node:fs');
for (const service of ['talent-pipeline', 'teacher-secondment', 'rd-collaboration']) {
  const entry = `dist/apps/${service}/src/main.js`;
  if (!fs.existsSync(entry)) {
    console.error(`build incomplete: ${entry} is missing`);
    process.exit(1);
  }
}
// The operator CLI is compiled with them (tsconfig.build.json "files") and shipped in each image.
if (!fs.existsSync('dist/tools/ops/ops.js')) {
  console.error('build incomplete: dist/tools/ops/ops.js is missing');
  process.exit(1);
}
console.log('built talent-pipeline, teacher-secondment, rd-collaboration');
