import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { EnterpriseAuthGuard } from '../partners/enterprise-auth.guard';
import { LogAttendanceDto } from './dto/log-attendance.dto';
import { RecordEvaluationDto } from './dto/record-evaluation.dto';
import { attendanceView, PlacementActivitiesService } from './placement-activities.service';
import { withPlacementProblems } from './placement-problems';

/** The enterprise's own view: its supervisors log attendance and evaluate its interns. */
@ApiTags('placements')
@ApiBearerAuth()
@UseGuards(EnterpriseAuthGuard)
@Controller('v1/enterprises/:enterpriseId/placements')
export class EnterprisePlacementsController {
  constructor(private readonly activities: PlacementActivitiesService) {}

  @Post(':id/attendance')
  @ApiOperation({ summary: "Log hours and attendance on one of the enterprise's active placements." })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key is not counted twice.' })
  async logAttendance(
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: LogAttendanceDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withPlacementProblems(async () => {
      const { entry, replayed } = await this.activities.logAttendance(id, dto, idempotencyKey, { kind: 'enterprise', enterpriseId });
      res.status(replayed ? 200 : 201);
      return attendanceView(entry);
    });
  }

  @Get(':id/attendance')
  @ApiOperation({ summary: "The attendance log of one of the enterprise's placements, with totals." })
  async listAttendance(@Param('enterpriseId', ParseUUIDPipe) enterpriseId: string, @Param('id', ParseUUIDPipe) id: string) {
    return this.activities.listAttendance(id, enterpriseId);
  }

  @Post(':id/evaluations')
  @HttpCode(201)
  @ApiOperation({ summary: "A supervisor evaluation of one of the enterprise's placements (active or completed)." })
  async evaluate(
    @Param('enterpriseId', ParseUUIDPipe) enterpriseId: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordEvaluationDto,
  ) {
    return withPlacementProblems(async () => {
      const placement = await this.activities.recordEvaluation(id, dto, enterpriseId);
      return placement.evaluations!.at(-1);
    });
  }
}
