import { Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { requirePrincipal } from '../schema/request-context';
import type { RequestContext } from '../schema/request-context';

@ObjectType({ description: 'Who the API key belongs to.' })
class Viewer {
  @Field(() => ID) tenantId: string;
  @Field(() => ID) apiKeyId: string;
  @Field(() => String) tenantName: string;
}

@Resolver()
export class ViewerResolver {
  constructor(private readonly deps: AppDeps) {}

  @Query(() => Viewer, { description: 'The tenant and key of the current request; a quick way to check a key.' })
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const { tenantId, apiKeyId } = requirePrincipal(ctx);
    const [row] = await this.deps.dataSource.query('SELECT name FROM tenant WHERE id = $1', [tenantId]);
    return { tenantId, apiKeyId, tenantName: row?.name ?? '' };
  }
}
