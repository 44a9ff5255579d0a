// NestJS module for the harness; CORS comes from the generated src/main.ts (enableCors).
// Auth is a module middleware on /api/private for every method, OPTIONS included, so it would
// reject a preflight that reached it.
import {
  All,
  Controller,
  Get,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestMiddleware,
  NestModule,
  Put,
  RequestMethod,
  Res,
} from '@nestjs/common';

// The slice of Express's request/response the skeleton uses (no @types/express needed).
interface Request {
  headers: Record<string, string | string[] | undefined>;
}
interface Response {
  status(code: number): { json(body: unknown): void };
  setHeader(name: string, value: string): void;
}
type NextFunction = () => void;

@Injectable()
class TokenAuth implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    if (req.headers.authorization !== 'Bearer s3cret') {
      res.status(401).json({ error: 'unauthorized' });
      return;
    }
    next();
  }
}

@Controller('api')
class ApiController {
  @All('items')
  items(@Res({ passthrough: true }) res: Response): { ok: boolean } {
    res.setHeader('X-Total-Count', '42');
    return { ok: true };
  }

  // An unhandled error: Nest's global exception filter answers 500.
  @Get('error')
  error(): never {
    throw new Error('boom');
  }

  @Get('private')
  getPrivate(): { ok: boolean } {
    return { ok: true };
  }

  @Put('private')
  putPrivate(): { ok: boolean } {
    return { ok: true };
  }
}

@Module({ controllers: [ApiController] })
export class AppModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(TokenAuth).forRoutes({ path: 'api/private', method: RequestMethod.ALL });
  }
}
