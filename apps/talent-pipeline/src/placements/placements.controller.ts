import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ProblemException } from '@app/platform/http/problem.exception';
import { AdminGuard } from '../partners/admin.guard';
import { IllegalTransitionError } from './domain/placement-lifecycle';
import { CreatePlacementDto } from './dto/create-placement.dto';
import { TransitionPlacementDto } from './dto/transition-placement.dto';
import { placementView } from './placement.view';
import { PlacementsService } from './placements.service';

@ApiTags('placements')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('v1/placements')
export class PlacementsController {
  constructor(private readonly placements: PlacementsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Propose a placement of a student at an enterprise (status: proposed).' })
  async create(@Body() dto: CreatePlacementDto) {
    return placementView(await this.placements.create(dto));
  }

  @Get(':id')
  async get(@Param('id', ParseUUIDPipe) id: string) {
    return placementView(await this.placements.get(id));
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a placement along its lifecycle; illegal transitions get 409.' })
  async transition(@Param('id', ParseUUIDPipe) id: string, @Body() dto: TransitionPlacementDto, @Req() req: Request) {
    try {
      const { placement } = await this.placements.transition(id, { to: dto.to, correlationid: String(req.id) });
      return placementView(placement);
    } catch (error) {
      if (error instanceof IllegalTransitionError) {
        throw new ProblemException(409, 'illegal transition', error.message, [{ field: 'to', message: error.message }]);
      }
      throw error;
    }
  }
}
