import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { ProblemException } from '@app/platform/http/problem.exception';
import { AdminGuard } from '../partners/admin.guard';
import { reasonProblems } from './domain/end-of-placement';
import { CreatePlacementDto } from './dto/create-placement.dto';
import { LogAttendanceDto } from './dto/log-attendance.dto';
import { RecordEvaluationDto } from './dto/record-evaluation.dto';
import { SignAgreementDto } from './dto/sign-agreement.dto';
import { TransitionPlacementDto } from './dto/transition-placement.dto';
import { attendanceView, PlacementActivitiesService } from './placement-activities.service';
import { withPlacementProblems } from './placement-problems';
import { placementView } from './placement.view';
import { PlacementsService } from './placements.service';

@ApiTags('placements')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('v1/placements')
export class PlacementsController {
  constructor(
    private readonly placements: PlacementsService,
    private readonly activities: PlacementActivitiesService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Propose a placement of a student at an enterprise (status: proposed).' })
  async create(@Body() dto: CreatePlacementDto) {
    return placementView(await this.placements.create(dto));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A placement with its agreement sign-off, evaluations and end-of-placement outcome.' })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return placementView(await this.placements.get(id));
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move a placement along its lifecycle; illegal transitions get 409.',
    description: '`active` needs the three-party agreement signed (409 naming the missing parties otherwise).',
  })
  async transition(@Param('id', ParseUUIDPipe) id: string, @Body() dto: TransitionPlacementDto, @Req() req: Request) {
    const problems = reasonProblems(dto.to, dto.reason);
    if (problems.length) throw new ProblemException(400, 'invalid request', 'reason given for a transition that ends nothing', problems);
    return withPlacementProblems(async () => {
      const { placement } = await this.placements.transition(id, { to: dto.to, reason: dto.reason, correlationid: String(req.id) });
      return placementView(placement);
    });
  }

  @Post(':id/agreement/signatures')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record a party signing the three-party placement agreement.',
    description: 'Parties: school, enterprise, and the student — or the guardian when the student is a minor. Only before `active`.',
  })
  async sign(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SignAgreementDto) {
    return withPlacementProblems(async () => placementView(await this.activities.signAgreement(id, dto)).agreement);
  }

  @Post(':id/attendance')
  @ApiOperation({ summary: 'Log hours and attendance for one day (only while active).' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not counted twice.' })
  async logAttendance(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: LogAttendanceDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withPlacementProblems(async () => {
      const { entry, replayed } = await this.activities.logAttendance(id, dto, idempotencyKey, { kind: 'operator' });
      res.status(replayed ? 200 : 201);
      return attendanceView(entry);
    });
  }

  @Get(':id/attendance')
  @ApiOperation({ summary: 'The attendance log of a placement with totals (hours, days per status).' })
  async listAttendance(@Param('id', ParseUUIDPipe) id: string) {
    return this.activities.listAttendance(id);
  }

  @Post(':id/evaluations')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a supervisor evaluation: scores 1-5 per competency (while active or completed).' })
  async evaluate(@Param('id', ParseUUIDPipe) id: string, @Body() dto: RecordEvaluationDto) {
    return withPlacementProblems(async () => {
      const placement = await this.activities.recordEvaluation(id, dto);
      return placement.evaluations!.at(-1);
    });
  }
}
