import { Body, Controller, Delete, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { SchoolAuthGuard } from '../partners/school-auth.guard';
import { ApiInvalidRequest, ApiProblem, SchoolAuth } from '../shared/api-docs';
import { OpenOutcomeTopicDto } from './dto/open-outcome-topic.dto';
import { OutcomeTopicView, OutcomeTopicViewSchema } from './outcome-topic.response';
import { OutcomeTopicsService } from './outcome-topics.service';

@ApiTags('placement outcomes')
@SchoolAuth()
@UseGuards(SchoolAuthGuard)
@Controller('v1/schools/:schoolId/outcome-topic')
export class OutcomeTopicsController {
  constructor(private readonly topics: OutcomeTopicsService) {}

  @Put()
  @ApiOperation({
    summary: "Open (or reopen) the school's own Kafka topic of its placement outcomes.",
    description:
      'The talent pipeline creates `talent.school-outcome.v1.<schoolId>` (one partition) and publishes the school’s pull feed ' +
      'to it in order, as binary-mode CloudEvents keyed by the school id, usually within a second of each outcome ' +
      '(OUTCOME_TOPIC_POLL_MS; up to 8 times that for the first after a spell with no topic open anywhere). Delivery is ' +
      'at least once: deduplicate on `ce_source` + `ce_id`. Records stay `maxAgeDays`. The school reads it with a Kafka ' +
      'principal the operator grants this topic and the `consumerGroupPrefix` groups (`npm run kafka:acls -- print --school ' +
      '<schoolId>=<principal>`, ADR 0075).',
  })
  @ApiOkResponse({ description: 'The topic, open.', schema: openApiSchemaOf(OutcomeTopicViewSchema) })
  @ApiInvalidRequest(
    '`after` is not a cursor of the school’s outcome feed (or is past its end), `from` is not `beginning` or `end`, both are given, or the body has other fields.',
  )
  @ApiProblem(503, 'The brokers could not create the topic; nothing changed. Try again.')
  open(@Param('schoolId', ParseUuidParam) schoolId: string, @Body() dto: OpenOutcomeTopicDto): Promise<OutcomeTopicView> {
    return this.topics.open(schoolId, dto);
  }

  @Get()
  @ApiOperation({ summary: "The school's outcome topic: where publishing stands." })
  @ApiOkResponse({ description: 'The topic.', schema: openApiSchemaOf(OutcomeTopicViewSchema) })
  @ApiInvalidRequest('`schoolId` is not a UUID.')
  @ApiProblem(404, 'The school has not opened an outcome topic.')
  get(@Param('schoolId', ParseUuidParam) schoolId: string): Promise<OutcomeTopicView> {
    return this.topics.get(schoolId);
  }

  @Delete()
  @ApiOperation({
    summary: 'Stop publishing to the school’s outcome topic.',
    description: 'What is on the topic stays until its records reach `maxAgeDays`. PUT opens it again.',
  })
  @ApiOkResponse({ description: 'The topic, stopped.', schema: openApiSchemaOf(OutcomeTopicViewSchema) })
  @ApiInvalidRequest('`schoolId` is not a UUID.')
  @ApiProblem(404, 'The school has not opened an outcome topic.')
  stop(@Param('schoolId', ParseUuidParam) schoolId: string): Promise<OutcomeTopicView> {
    return this.topics.stop(schoolId);
  }
}
